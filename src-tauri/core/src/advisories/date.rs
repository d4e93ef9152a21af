//! Dates as the advisory sources write them (`7/16/2024`, `08/16/24`, `2024-01-10`, `October 17, 2023`),
//! turned into ISO `YYYY-MM-DD`.

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The ISO form of a date, or `None` when the text is not a real calendar date in a known shape.
/// Two-digit years are taken as 20YY (the bulletins start in 2022).
pub fn parse_date(text: &str) -> Option<String> {
    let text = text.trim();
    if let Some((y, rest)) = text.split_once('-') {
        let (m, d) = rest.split_once('-')?;
        if y.len() != 4 {
            return None;
        }
        return iso(number(y)?, number(m)?, number(d)?);
    }
    if let Some((m, rest)) = text.split_once('/') {
        let (d, y) = rest.split_once('/')?;
        let year = match y.len() {
            2 => 2000 + number(y)?,
            4 => number(y)?,
            _ => return None,
        };
        return iso(year, number(m)?, number(d)?);
    }
    let (month_day, year) = text.split_once(',')?;
    let (month, day) = month_day.trim().split_once(' ')?;
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month.trim()))?;
    let year = year.trim();
    if year.len() != 4 {
        return None;
    }
    iso(number(year)?, month as u32 + 1, number(day.trim())?)
}

fn number(s: &str) -> Option<u32> {
    if s.is_empty() || s.len() > 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn iso(year: u32, month: u32, day: u32) -> Option<String> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    if !(1990..=2100).contains(&year) || day == 0 || day > days {
        return None;
    }
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

#[cfg(test)]
mod tests {
    use super::parse_date;

    #[test]
    fn every_shape_the_sources_use_becomes_iso() {
        assert_eq!(parse_date("7/6/2031").as_deref(), Some("2031-07-06"));
        assert_eq!(parse_date("09/03/29").as_deref(), Some("2029-09-03"));
        assert_eq!(parse_date(" 2030-12-01 ").as_deref(), Some("2030-12-01"));
        assert_eq!(parse_date("March 4, 2028").as_deref(), Some("2028-03-04"));
        assert_eq!(
            parse_date("February 29, 2028").as_deref(),
            Some("2028-02-29")
        );
    }

    #[test]
    fn impossible_or_unknown_dates_are_refused() {
        for bad in [
            "13/1/2030",
            "2/30/2030",
            "2029-02-29",
            "soon",
            "1/2",
            "1/2/203",
            "",
            "0/1/30",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }
}
