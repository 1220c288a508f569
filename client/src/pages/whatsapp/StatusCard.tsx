import { useAction, useSubmission } from '@solidjs/router';
import { createSignal, type JSX, Show } from 'solid-js';
import { errorMessage } from '../../errors';
import { ConfirmDialog } from '../../ui/ConfirmDialog';
import { type Channel, unlinkWhatsApp } from './data';
import { formatTime, PHASE_BADGE, type Phase, PROVIDER_LABEL, reasonText } from './status';
import { ToneBadge } from './ToneBadge';

/** Whether the business's WhatsApp is up, through what and on which number; the owner can unlink it. */
export function StatusCard(props: {
  channel: Channel | null;
  phase: Phase;
  businessId: string | undefined;
  canManage: boolean;
}) {
  const badge = () => PHASE_BADGE[props.phase];
  const reason = () =>
    props.channel ? reasonText(props.channel.status, props.channel.statusReason) : undefined;
  return (
    <section class="card space-y-5 p-6" aria-labelledby="whatsapp-status-title">
      <div class="flex flex-wrap items-center justify-between gap-3">
        <div class="flex items-center gap-3">
          <h2 id="whatsapp-status-title" class="text-base font-semibold text-slate-900">
            מצב החיבור
          </h2>
          <ToneBadge tone={badge().tone}>{badge().label}</ToneBadge>
        </div>
        <Show when={props.canManage && props.channel}>
          <UnlinkButton businessId={props.businessId} />
        </Show>
      </div>
      <Show when={reason()}>
        <p class={`text-sm ${props.phase === 'disconnected' ? 'text-red-700' : 'text-slate-600'}`} dir="auto">
          {reason()}
        </p>
      </Show>
      <Show
        when={props.channel}
        fallback={
          <p class="text-sm text-slate-600">
            הוואטסאפ של העסק עדיין לא מחובר. עד שיחובר, תזכורות ללקוחות לא יישלחו.
          </p>
        }
      >
        {(channel) => <ChannelDetails channel={channel()} />}
      </Show>
    </section>
  );
}

function ChannelDetails(props: { channel: Channel }) {
  const meta = () => props.channel.meta;
  return (
    <dl class="grid gap-x-6 gap-y-4 text-sm sm:grid-cols-2 lg:grid-cols-3">
      <Detail term="דרך החיבור">{PROVIDER_LABEL[props.channel.provider]}</Detail>
      <Detail term="המספר המחובר">
        <Show when={props.channel.phoneNumber} fallback={<span class="text-slate-400">עדיין לא ידוע</span>}>
          <span dir="ltr">{props.channel.phoneNumber}</span>
        </Show>
      </Detail>
      <Detail term="המצב השתנה">{formatTime(props.channel.statusChangedAt)}</Detail>
      <Show when={meta()}>
        {(m) => (
          <>
            <Detail term="מזהה מספר הטלפון ב-Meta">
              <span dir="ltr">{m().phoneNumberId}</span>
            </Detail>
            <Detail term="תבנית התזכורת">
              <Show
                when={m().reminderTemplate}
                fallback={<span class="text-slate-400">ללא (טקסט חופשי)</span>}
              >
                <span dir="ltr">
                  {m().reminderTemplate} ({m().templateLanguage})
                </span>
              </Show>
            </Detail>
          </>
        )}
      </Show>
    </dl>
  );
}

function Detail(props: { term: string; children: JSX.Element }) {
  return (
    <div>
      <dt class="text-xs font-medium text-slate-500">{props.term}</dt>
      <dd class="mt-1 text-slate-900">{props.children}</dd>
    </div>
  );
}

function UnlinkButton(props: { businessId: string | undefined }) {
  const [open, setOpen] = createSignal(false);
  const unlink = useAction(unlinkWhatsApp);
  const submission = useSubmission(unlinkWhatsApp);

  async function confirm() {
    try {
      await unlink(props.businessId);
      setOpen(false);
    } catch {
      // shown in the dialog through submission.error
    }
  }

  return (
    <>
      <button
        type="button"
        class="btn-danger btn-sm"
        onClick={() => {
          submission.clear?.();
          setOpen(true);
        }}
      >
        ניתוק הוואטסאפ
      </button>
      <ConfirmDialog
        id="whatsapp-unlink"
        open={open()}
        title="לנתק את הוואטסאפ של העסק?"
        confirmLabel="ניתוק"
        pendingLabel="מנתקים…"
        pending={submission.pending}
        danger
        error={submission.error ? errorMessage(submission.error) : undefined}
        onConfirm={() => void confirm()}
        onCancel={() => setOpen(false)}
      >
        הודעות שעוד ממתינות לשליחה ייכשלו, ותזכורות ללקוחות לא יישלחו עד שהוואטסאפ יחובר מחדש.
      </ConfirmDialog>
    </>
  );
}
