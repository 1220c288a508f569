import { For } from 'solid-js';
import { ColorDot } from '../../ui/ColorDot';

/** The colours a status may take, with the names a screen reader says. */
export const PALETTE: readonly { color: string; name: string }[] = [
  { color: '#3b82f6', name: 'כחול' },
  { color: '#8b5cf6', name: 'סגול' },
  { color: '#f59e0b', name: 'ענבר' },
  { color: '#10b981', name: 'ירוק' },
  { color: '#6b7280', name: 'אפור' },
  { color: '#ef4444', name: 'אדום' },
  { color: '#ec4899', name: 'ורוד' },
  { color: '#06b6d4', name: 'טורקיז' },
  { color: '#84cc16', name: 'ירוק בהיר' },
  { color: '#f97316', name: 'כתום' },
];

/**
 * Colour swatches as a radio group (arrow keys move between them). A colour set through
 * the API that is not in the palette is kept as one more option, so nothing is lost.
 */
export function ColorPalette(props: {
  name: string;
  label: string;
  value: string;
  onChange: (color: string) => void;
}) {
  const options = () =>
    PALETTE.some((p) => p.color === props.value.toLowerCase())
      ? PALETTE
      : [...PALETTE, { color: props.value, name: 'הצבע הנוכחי' }];
  return (
    <fieldset>
      <legend class="sr-only">{props.label}</legend>
      <div class="flex flex-wrap gap-1.5">
        <For each={options()}>
          {(option) => (
            <label class="cursor-pointer" title={option.name}>
              <input
                type="radio"
                name={props.name}
                value={option.color}
                class="peer sr-only"
                checked={option.color === props.value.toLowerCase()}
                onChange={() => props.onChange(option.color)}
              />
              <span class="sr-only">{option.name}</span>
              <span
                class="flex h-7 w-7 items-center justify-center rounded-full ring-offset-2 peer-checked:ring-2 peer-checked:ring-slate-900 peer-focus-visible:ring-2 peer-focus-visible:ring-brand-500"
                aria-hidden="true"
              >
                <ColorDot color={option.color} class="h-5 w-5" />
              </span>
            </label>
          )}
        </For>
      </div>
    </fieldset>
  );
}
