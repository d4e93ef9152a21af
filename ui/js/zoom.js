//! Ctrl +/-/0 page zoom, persisted (theme-boot.js re-applies it before first paint).

import { toast } from './dom.js';
import { saveRaw, loadRaw } from './store.js';

const STEPS = [0.67, 0.75, 0.8, 0.9, 1, 1.1, 1.25, 1.5, 1.75, 2];

export function currentZoom() {
  const z = parseFloat(loadRaw('zoom') || '1');
  return z >= 0.5 && z <= 2 ? z : 1;
}

function apply(z) {
  document.documentElement.style.zoom = z === 1 ? '' : String(z);
  saveRaw('zoom', String(z));
  toast(`Zoom ${Math.round(z * 100)}%`);
}

export function zoomIn() {
  const z = currentZoom();
  apply(STEPS.find((s) => s > z + 0.001) ?? STEPS[STEPS.length - 1]);
}

export function zoomOut() {
  const z = currentZoom();
  apply([...STEPS].reverse().find((s) => s < z - 0.001) ?? STEPS[0]);
}

export function zoomReset() {
  apply(1);
}
