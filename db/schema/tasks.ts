import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { businesses } from './businesses';
import { leads } from './leads';
import { tenantPolicy } from './tenancy';
import { users } from './users';

/** The board's columns, in board order. */
export const TASK_COLUMNS = ['todo', 'in_progress', 'done'] as const;
export type TaskColumn = (typeof TASK_COLUMNS)[number];

/**
 * A to-do of the team, on a board of three columns. `position` orders the tasks of one
 * column (0, 1, 2… with no gaps: a move renumbers the column it touches). The lead is
 * referenced without cascade, like every lead history table: a merge moves it.
 */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    businessId: uuid('business_id')
      .notNull()
      .references(() => businesses.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    description: text('description'),
    dueAt: timestamp('due_at', { withTimezone: true }),
    assigneeId: uuid('assignee_id').references(() => users.id, { onDelete: 'set null' }),
    leadId: uuid('lead_id').references(() => leads.id),
    // "column" is an SQL keyword: the database calls it board_column.
    column: text('board_column', { enum: TASK_COLUMNS }).notNull().default('todo'),
    position: integer('position').notNull(),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('tasks_column_known', sql`${t.column} in ('todo', 'in_progress', 'done')`),
    check('tasks_position_not_negative', sql`${t.position} >= 0`),
    // The board: a business's tasks column by column, in order.
    index('tasks_business_column_position_idx').on(t.businessId, t.column, t.position),
    // "My tasks": filtering by assignee.
    index('tasks_business_assignee_idx').on(t.businessId, t.assigneeId),
    // A lead's timeline, and repointing on a merge.
    index('tasks_lead_idx').on(t.leadId),
    tenantPolicy('tasks'),
  ],
).enableRLS();
