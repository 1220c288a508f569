import type { ParentProps } from 'solid-js';

/** The signed-out pages' frame: the mark, a title and a line under it, then the card. */
export function AuthFrame(props: ParentProps<{ title: string; subtitle: string }>) {
  return (
    <main class="flex min-h-screen items-center justify-center bg-slate-50 px-4 py-12">
      <div class="w-full max-w-sm">
        <div class="mb-8 flex flex-col items-center text-center">
          <span
            class="mb-4 flex h-11 w-11 items-center justify-center rounded-xl bg-brand-600 text-lg font-bold text-white"
            aria-hidden="true"
          >
            P
          </span>
          <h1 class="text-xl font-semibold tracking-tight text-slate-900">{props.title}</h1>
          <p class="mt-1 text-sm text-slate-500">{props.subtitle}</p>
        </div>
        {props.children}
      </div>
    </main>
  );
}
