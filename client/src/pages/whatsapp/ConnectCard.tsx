import { createSignal, For, Show } from 'solid-js';
import type { Channel } from './data';
import { MetaForm } from './MetaForm';
import { QrPairing } from './QrPairing';
import type { Phase } from './status';

type Provider = Channel['provider'];

const OPTIONS: { value: Provider; label: string; description: string }[] = [
  {
    value: 'baileys',
    label: 'WhatsApp Web (סריקת קוד QR)',
    description: 'מחברים את הוואטסאפ הקיים של העסק כמו מכשיר מקושר. מהיר, בלי חשבון ב-Meta.',
  },
  {
    value: 'meta',
    label: 'WhatsApp Business API (Meta)',
    description: 'מספר שרשום ב-WhatsApp Business Platform של Meta, עם אסימון גישה ותבניות מאושרות.',
  },
];

/** The owner's choice of how to link, and the chosen way's own steps. */
export function ConnectCard(props: {
  channel: Channel | null;
  phase: Phase;
  businessId: string | undefined;
}) {
  // Starts on the way the business is linked now; the owner may look at the other one freely.
  const [chosen, setChosen] = createSignal<Provider>(props.channel?.provider ?? 'baileys');
  const linkedOther = () =>
    props.channel !== null && props.channel.provider !== chosen() && props.phase !== 'not_connected';

  return (
    <section class="card space-y-5 p-6" aria-labelledby="whatsapp-connect-title">
      <h2 id="whatsapp-connect-title" class="text-base font-semibold text-slate-900">
        חיבור הוואטסאפ
      </h2>
      <div role="radiogroup" aria-label="דרך החיבור" class="grid gap-3 sm:grid-cols-2">
        <For each={OPTIONS}>
          {(option) => (
            <label
              class={`flex cursor-pointer gap-3 rounded-lg border p-4 ${
                chosen() === option.value
                  ? 'border-brand-500 bg-brand-50/60'
                  : 'border-slate-200 hover:bg-slate-50'
              }`}
            >
              <input
                type="radio"
                name="whatsapp-provider"
                value={option.value}
                class="mt-1"
                checked={chosen() === option.value}
                onChange={() => setChosen(option.value)}
                aria-labelledby={`whatsapp-provider-${option.value}-label`}
                aria-describedby={`whatsapp-provider-${option.value}-hint`}
              />
              <span>
                <span
                  id={`whatsapp-provider-${option.value}-label`}
                  class="block text-sm font-medium text-slate-900"
                >
                  {option.label}
                </span>
                <span id={`whatsapp-provider-${option.value}-hint`} class="mt-1 block text-xs text-slate-500">
                  {option.description}
                </span>
              </span>
            </label>
          )}
        </For>
      </div>
      <Show when={linkedOther()}>
        <p class="rounded-lg bg-amber-50 px-3 py-2.5 text-sm text-amber-800">
          העסק מחובר כרגע בדרך האחרת. חיבור בדרך הזו יחליף אותה.
        </p>
      </Show>
      <Show
        when={chosen() === 'baileys'}
        fallback={<MetaForm channel={props.channel} businessId={props.businessId} />}
      >
        <QrPairing channel={props.channel} phase={props.phase} businessId={props.businessId} />
      </Show>
    </section>
  );
}
