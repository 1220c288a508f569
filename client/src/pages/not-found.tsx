import { A } from '@solidjs/router';
import { EmptyState } from '../ui/common';

export default function NotFoundPage() {
  return (
    <section class="card">
      <EmptyState title="הדף לא נמצא" description="ייתכן שהקישור שגוי או שהדף הוסר.">
        <A href="/" class="btn-secondary mt-5">
          חזרה לדף הבית
        </A>
      </EmptyState>
    </section>
  );
}
