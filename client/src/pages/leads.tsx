import { EmptyState, PageHeader } from '../ui/common';
import { Icon } from '../ui/Icon';

/** Placeholder until the CRM lands: says so plainly instead of showing a fake table. */
export default function LeadsPage() {
  return (
    <>
      <PageHeader title="לידים" description="פניות שהגיעו בטלפון ובוואטסאפ" />
      <section class="card">
        <EmptyState
          icon={<Icon name="leads" class="h-6 w-6" />}
          title="ניהול הלידים בדרך"
          description="בקרוב יופיעו כאן כל הפניות שהעוזר הקולי קיבל, עם פרטי הלקוח וסיכום השיחה. בינתיים אין כאן לידים להצגה."
        />
      </section>
    </>
  );
}
