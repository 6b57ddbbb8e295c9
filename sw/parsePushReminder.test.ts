import { describe, expect, it } from 'vitest';
import { parsePushReminder, reminderTitle } from './parsePushReminder';

const reminder = {
  type: 'reminder',
  notebookId: '0190a5e0-0000-7000-8000-000000000001',
  entryId: '0190a5e0-0000-7000-8000-000000000002',
  due: 1_800_000_000_000,
  title: 'Buy rope',
  notebookName: 'Trail survey',
};

describe('parsePushReminder', () => {
  it('reads a reminder, and nothing from a poke or anything else', () => {
    expect(parsePushReminder(JSON.stringify(reminder))).toEqual(reminder);
    const poke = { type: 'poke', notebookId: reminder.notebookId, version: 3 };
    for (const text of [JSON.stringify(poke), '', 'not json', '{"type":"reminder"}', undefined]) {
      expect(parsePushReminder(text)).toBeUndefined();
    }
  });
});

describe('reminderTitle', () => {
  it('names the task and its notebook', () => {
    expect(reminderTitle('Buy rope', 'Trail survey')).toBe('Due now: Buy rope — Trail survey');
    expect(reminderTitle('  ', undefined)).toBe('Due now: Untitled task');
  });
});
