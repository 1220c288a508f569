import { defineConfig, presetWind3, transformerVariantGroup } from 'unocss';

/**
 * The calendar places appointments and free slots on a CSS grid of 5-minute rows
 * (client/src/pages/calendar/dates.ts): a row class is chosen at run time, so every one
 * a day can need is generated here. Inline styles are not an option under the CSP.
 */
const DAY_ROWS = (24 * 60) / 5;
const calendarRows = Array.from({ length: DAY_ROWS + 1 }, (_, i) => [
  `row-start-${i + 1}`,
  `row-span-${i + 1}`,
]).flat();

/**
 * The dashboard's design tokens. Layout classes use logical properties only
 * (ms/me, ps/pe, start/end, border-s/e, text-start/end) so RTL needs no mirroring.
 */
export default defineConfig({
  presets: [presetWind3()],
  transformers: [transformerVariantGroup()],
  safelist: calendarRows,
  theme: {
    fontFamily: {
      sans: "Heebo, system-ui, -apple-system, 'Segoe UI', Arial, sans-serif",
    },
    colors: {
      brand: {
        50: '#eef2ff',
        100: '#e0e7ff',
        500: '#6366f1',
        600: '#4f46e5',
        700: '#4338ca',
      },
    },
  },
  shortcuts: {
    card: 'bg-white border border-slate-200 rounded-xl shadow-sm',
    focusable: 'outline-none focus-visible:(ring-2 ring-brand-500 ring-offset-2 ring-offset-white)',
    btn: 'focusable inline-flex items-center justify-center gap-2 rounded-lg px-3.5 py-2 text-sm font-medium transition-colors disabled:(opacity-50 cursor-not-allowed) cursor-pointer select-none whitespace-nowrap',
    'btn-primary': 'btn bg-brand-600 text-white hover:bg-brand-700 shadow-sm',
    'btn-secondary': 'btn bg-white text-slate-700 border border-slate-300 hover:bg-slate-50',
    'btn-ghost': 'btn text-slate-600 hover:(bg-slate-100 text-slate-900)',
    'btn-danger': 'btn bg-white text-red-700 border border-red-200 hover:bg-red-50',
    'btn-sm': 'px-2.5 py-1.5 text-xs',
    input:
      'block w-full rounded-lg border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 placeholder-slate-400 outline-none transition-shadow focus:(border-brand-500 ring-2 ring-brand-500/30) aria-[invalid=true]:(border-red-400 focus:ring-red-400/30)',
    label: 'block text-sm font-medium text-slate-700 mb-1.5',
    'field-error': 'mt-1.5 text-xs text-red-600',
    badge: 'inline-flex items-center gap-1.5 rounded-full px-2.5 py-0.5 text-xs font-medium',
    th: 'px-4 py-3 text-start text-xs font-medium text-slate-500 whitespace-nowrap',
    td: 'px-4 py-3 text-start text-sm text-slate-700 align-middle',
  },
});
