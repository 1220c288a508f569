import { expect, test } from 'bun:test';
import { type CursorParams, countText, cursorPages } from './cursor-pages';

/** The URL's params as the router keeps them: undefined removes a key. */
function url() {
  const params: CursorParams = {};
  const set = (next: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(next)) {
      if (v === undefined) delete (params as Record<string, string>)[k];
      else (params as Record<string, string>)[k] = v;
    }
  };
  return { params, pages: cursorPages(params, set) };
}

test('next and previous walk the pages and come back to a bare first page', () => {
  const { params, pages } = url();
  expect(pages.page()).toBe(1);
  pages.next('c2');
  expect(params).toEqual({ after: 'c2' });
  expect(pages.page()).toBe(2);
  pages.next('c3');
  expect(params).toEqual({ after: 'c3', back: '~c2' });
  expect(pages.page()).toBe(3);
  pages.previous();
  expect(params).toEqual({ after: 'c2' });
  pages.previous();
  expect(params).toEqual({});
  expect(pages.page()).toBe(1);
});

test('the last page has no next cursor: nothing moves', () => {
  const { params, pages } = url();
  pages.next(null);
  expect(params).toEqual({});
});

test('a capped count reads with a plus', () => {
  expect(countText({ total: 10000, totalCapped: true })).toBe('10,000+');
  expect(countText({ total: 73, totalCapped: false })).toBe('73');
});
