import { useAction, useSubmission } from '@solidjs/router';
import { Match, Switch } from 'solid-js';
import { renderSVG } from 'uqr';
import { errorMessage } from '../../errors';
import { FormAlert } from '../../ui/common';
import { type Channel, linkBaileys } from './data';
import type { Phase } from './status';

/**
 * The QR as an image: an SVG in a data: URL, which the CSP allows for images (nothing of it
 * runs as markup in the page). The quiet zone of 4 modules is what phone cameras expect.
 */
export function qrImageSrc(text: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(renderSVG(text, { border: 4, ecc: 'L' }))}`;
}

/** Linking over WhatsApp Web: start a pairing, show the QR to scan, and say when it is done. */
export function QrPairing(props: { channel: Channel | null; phase: Phase; businessId: string | undefined }) {
  const start = useAction(linkBaileys);
  const submission = useSubmission(linkBaileys);
  submission.clear?.();
  const mine = () => props.channel?.provider === 'baileys';
  const qr = () => (mine() && props.phase === 'pairing' ? props.channel?.qr : null);
  const waitingForQr = () => mine() && (props.phase === 'starting' || (props.phase === 'pairing' && !qr()));

  return (
    <div class="space-y-4">
      <FormAlert message={submission.error ? errorMessage(submission.error) : undefined} />
      <Switch>
        <Match when={mine() && props.phase === 'connected'}>
          <p class="text-sm text-emerald-700">
            WhatsApp Web מחובר. תזכורות ללקוחות יוצאות מהמספר{' '}
            <span dir="ltr">{props.channel?.phoneNumber}</span>.
          </p>
        </Match>
        <Match when={qr()}>
          {(text) => (
            <div class="flex flex-wrap items-start gap-6">
              <img
                src={qrImageSrc(text())}
                alt="קוד QR לחיבור WhatsApp"
                width="256"
                height="256"
                class="rounded-lg border border-slate-200 bg-white"
              />
              <div class="max-w-sm space-y-3 text-sm text-slate-700">
                <p class="font-medium text-slate-900">סרקו את הקוד בטלפון של העסק:</p>
                <ol class="list-decimal space-y-1.5 ps-5">
                  <li>פתחו את WhatsApp בטלפון.</li>
                  <li>
                    היכנסו ל<strong>מכשירים מקושרים</strong> (באנדרואיד: תפריט ⋮; באייפון: הגדרות).
                  </li>
                  <li>
                    הקישו על <strong>קישור מכשיר</strong>.
                  </li>
                  <li>כוונו את מצלמת הטלפון אל הקוד שבמסך.</li>
                </ol>
                <p class="text-xs text-slate-500">
                  הקוד מתחלף מדי כמה שניות, והדף מתעדכן בעצמו. אחרי הסריקה המצב יתחלף ל״מחובר״.
                </p>
              </div>
            </div>
          )}
        </Match>
        <Match when={waitingForQr() || submission.pending}>
          <p role="status" class="flex items-center gap-3 text-sm text-slate-600">
            <span
              class="h-4 w-4 animate-spin rounded-full border-2 border-slate-300 border-t-brand-600"
              aria-hidden="true"
            />
            מכינים קוד QR…
          </p>
        </Match>
        <Match when={true}>
          <div class="space-y-3">
            <p class="text-sm text-slate-600">
              לחיצה על הכפתור תציג קוד QR. סורקים אותו מהטלפון שבו פועל הוואטסאפ של העסק, והמערכת תשלח דרכו את
              התזכורות.
            </p>
            <button
              type="button"
              class="btn-primary"
              disabled={submission.pending}
              onClick={() => void start(props.businessId).catch(() => {})}
            >
              {!mine()
                ? 'התחברות עם קוד QR'
                : props.phase === 'disconnected'
                  ? 'חיבור מחדש עם קוד QR'
                  : 'הצגת קוד QR חדש'}
            </button>
          </div>
        </Match>
      </Switch>
    </div>
  );
}
