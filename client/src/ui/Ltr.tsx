import { type ParentProps, Show } from 'solid-js';
import { displayPhone, whatsappUrl } from '../../../server/lib/phone';

/**
 * The one way a left-to-right run (a phone, a price, a time, an id, an English word) sits
 * inside Hebrew: isolated, so neither it nor the sentence around it is reordered.
 */
export function Ltr(props: ParentProps<{ class?: string }>) {
  return (
    <bdi dir="ltr" class={props.class}>
      {props.children}
    </bdi>
  );
}

/** Typed text of unknown direction (a name): isolated, its direction its own. */
export function Auto(props: ParentProps) {
  return <bdi>{props.children}</bdi>;
}

/**
 * A stored (E.164) phone as people read it (050-123-4567), isolated left to right;
 * `links` adds tap-to-call (tel:) and WhatsApp buttons beside it.
 */
export function Phone(props: { e164: string; links?: boolean; class?: string }) {
  const shown = () => displayPhone(props.e164);
  return (
    <span class={`inline-flex items-center gap-2 ${props.class ?? ''}`}>
      <Show when={props.links} fallback={<Ltr class="tabular-nums">{shown()}</Ltr>}>
        <a href={`tel:${props.e164}`} class="focusable rounded tabular-nums text-brand-700 hover:underline">
          <Ltr>{shown()}</Ltr>
        </a>
        <a
          href={whatsappUrl(props.e164)}
          target="_blank"
          rel="noopener noreferrer"
          class="focusable rounded text-xs text-emerald-700 hover:underline"
          aria-label={`וואטסאפ ל־${shown()}`}
        >
          וואטסאפ
        </a>
      </Show>
    </span>
  );
}

/** A lead's name, or its phone when it has none; each isolated. */
export function LeadName(props: { lead: { name: string | null; phone: string } }) {
  return (
    <Show when={props.lead.name} fallback={<Phone e164={props.lead.phone} />}>
      {(name) => <Auto>{name()}</Auto>}
    </Show>
  );
}
