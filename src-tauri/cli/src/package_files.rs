//! The hidden `generate-package-files` subcommand: man pages and shell completions (bash, zsh, fish)
//! of both binaries, written at release time from the command line itself so they cannot drift.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use clap_complete::Shell;

/// The subcommand's name; it is hidden from the help and from what it generates.
pub const NAME: &str = "generate-package-files";

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Folder to write into (created): man/man1/*.1 and completions/{bash,zsh,fish}/.
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
}

/// The hidden subcommand, added to the command line only when it is parsed (see `crate::main`).
pub fn command() -> clap::Command {
    <Args as clap::Args>::augment_args(
        clap::Command::new(NAME)
            .hide(true)
            .about("Write the man pages and shell completions of both binaries (for packaging)"),
    )
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    for command in [super::desktop_command(), super::headless_command()] {
        write_for(command, &args.out)?;
    }
    println!(
        "Wrote man pages and bash, zsh and fish completions for palette-docs and {} into {}",
        super::HEADLESS_NAME,
        args.out.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// Man pages of `command` and each of its subcommands, and its completion scripts.
fn write_for(command: clap::Command, out: &Path) -> anyhow::Result<()> {
    let man_dir = out.join("man/man1");
    create(&man_dir)?;
    clap_mangen::generate_to(command.clone(), &man_dir)
        .with_context(|| format!("cannot write man pages into {}", man_dir.display()))?;
    let name = command.get_name().to_string();
    // Named as each shell's completion folder expects them, so packaging copies without renaming.
    for (shell, folder, file) in [
        (Shell::Bash, "bash", name.clone()),
        (Shell::Zsh, "zsh", format!("_{name}")),
        (Shell::Fish, "fish", format!("{name}.fish")),
    ] {
        let dir = out.join("completions").join(folder);
        create(&dir)?;
        let mut script = Vec::new();
        clap_complete::generate(shell, &mut command.clone(), &name, &mut script);
        let path = dir.join(file);
        fs::write(&path, script).with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(())
}

fn create(dir: &Path) -> anyhow::Result<()> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create the folder {}", dir.display()))
}
