/** Tells a role without 'assistant.manage' why nothing on the page can be changed. */
export function ReadOnlyNotice() {
  return (
    <p class="mb-6 rounded-lg bg-slate-100 px-3 py-2.5 text-sm text-slate-600 ring-1 ring-inset ring-slate-500/15">
      צפייה בלבד: רק בעלי העסק ומנהלים יכולים לשנות את הגדרות העוזר.
    </p>
  );
}
