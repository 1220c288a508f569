/**
 * A coloured dot for a user-chosen colour (a lead status, say). Drawn as SVG so the colour
 * is a `fill` attribute: the CSP forbids inline styles, and the colour is any hex value.
 */
export function ColorDot(props: { color: string; class?: string }) {
  return (
    <svg viewBox="0 0 10 10" aria-hidden="true" class={props.class ?? 'h-2.5 w-2.5 shrink-0'}>
      <circle cx="5" cy="5" r="5" fill={props.color} />
    </svg>
  );
}
