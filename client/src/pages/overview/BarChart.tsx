import { For, Show } from 'solid-js';

export interface Bar {
  label: string;
  /** Stacked parts, first at the baseline. */
  parts: { value: number; tone: 'brand' | 'red' | 'slate' }[];
}

const TONE = { brand: '#2563eb', red: '#dc2626', slate: '#94a3b8' } as const;
const numberFormat = new Intl.NumberFormat('he-IL');

/**
 * A vertical bar chart drawn as SVG (no chart library is available offline here). Right to
 * left: the first bar stands at the inline start (the right), so time runs the way Hebrew
 * reads; the value axis sits at the start too. Accessible: the SVG is one image with a
 * summary, and a visually hidden table gives every value to screen readers.
 */
export function BarChart(props: {
  title: string;
  bars: Bar[];
  legend?: { label: string; tone: keyof typeof TONE }[];
  tickEvery?: number;
}) {
  const width = 600;
  const height = 180;
  const axis = 28;
  const max = () => Math.max(1, ...props.bars.map((b) => b.parts.reduce((a, p) => a + p.value, 0)));
  const step = () => (width - axis) / Math.max(1, props.bars.length);
  // Bar i from the right edge (the inline start in RTL), leaving the axis at the far right.
  const x = (i: number) => width - axis - (i + 1) * step();
  const y = (v: number) => height - 20 - (v / max()) * (height - 30);
  const total = () => props.bars.reduce((a, b) => a + b.parts.reduce((s, p) => s + p.value, 0), 0);
  return (
    <figure class="m-0">
      <figcaption class="mb-2 text-sm font-semibold text-slate-900">{props.title}</figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        class="h-44 w-full"
        role="img"
        aria-label={`${props.title}: סך הכול ${numberFormat.format(total())}, שיא ${numberFormat.format(max())}`}
      >
        <line x1={0} x2={width - axis} y1={height - 20} y2={height - 20} stroke="#cbd5e1" />
        <text
          x={width - axis + 4}
          y={y(max()) + 4}
          font-size="11"
          fill="#64748b"
          text-anchor="start"
          direction="ltr"
        >
          {numberFormat.format(max())}
        </text>
        <text
          x={width - axis + 4}
          y={height - 16}
          font-size="11"
          fill="#64748b"
          text-anchor="start"
          direction="ltr"
        >
          0
        </text>
        <For each={props.bars}>
          {(bar, i) => {
            let base = 0;
            return (
              <g>
                <For each={bar.parts}>
                  {(part) => {
                    const from = base;
                    base += part.value;
                    return (
                      <Show when={part.value > 0}>
                        <rect
                          x={x(i()) + step() * 0.15}
                          width={step() * 0.7}
                          y={y(from + part.value)}
                          height={y(from) - y(from + part.value)}
                          fill={TONE[part.tone]}
                          rx={2}
                        />
                      </Show>
                    );
                  }}
                </For>
                <Show when={i() % (props.tickEvery ?? 1) === 0}>
                  <text
                    x={x(i()) + step() / 2}
                    y={height - 4}
                    font-size="10"
                    fill="#64748b"
                    text-anchor="middle"
                    direction="ltr"
                  >
                    {bar.label}
                  </text>
                </Show>
              </g>
            );
          }}
        </For>
      </svg>
      <Show when={props.legend}>
        {(legend) => (
          <ul class="mt-1 flex gap-4 text-xs text-slate-600">
            <For each={legend()}>
              {(l) => (
                <li class="flex items-center gap-1">
                  <span class="inline-block h-2.5 w-2.5 rounded-sm" style={{ background: TONE[l.tone] }} />
                  {l.label}
                </li>
              )}
            </For>
          </ul>
        )}
      </Show>
      <table class="sr-only">
        <caption>{props.title}</caption>
        <tbody>
          <For each={props.bars}>
            {(bar) => (
              <tr>
                <th scope="row">{bar.label}</th>
                <td>{bar.parts.map((p) => numberFormat.format(p.value)).join(' / ')}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
    </figure>
  );
}
