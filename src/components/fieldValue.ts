// An entry field's name and value as a person reads them, wherever two versions of a field are
// shown side by side (the conflict panel, the live "changed while you were editing" notice).
import { html } from 'lit';
import { describeLocation } from '../geo/describeLocation';
import type { EntryField, Location } from '../protocol/entry';
import type { Track } from '../protocol/track';
import { describeDue } from '../format/describeDue';
import { describeTrack } from '../tracks/describeTrack';

export const FIELD_LABELS: Record<EntryField, string> = {
  title: 'Title',
  body: 'Text',
  tags: 'Tags',
  done: 'Done',
  location: 'Location',
  track: 'Track',
  due: 'Due',
};

export function showFieldValue(field: EntryField, value: unknown) {
  switch (field) {
    case 'done':
      return value ? 'Done' : 'Not done';
    case 'tags': {
      const tags = Array.isArray(value) ? (value as string[]) : [];
      return tags.length > 0 ? tags.join(', ') : html`<em>no tags</em>`;
    }
    case 'location':
      return value ? describeLocation(value as Location) : html`<em>no location</em>`;
    case 'track':
      return value ? describeTrack(value as Track) : html`<em>no track</em>`;
    case 'due':
      return typeof value === 'number'
        ? describeDue(value, Date.now(), true).text
        : html`<em>no due date</em>`;
    default:
      return typeof value === 'string' && value !== '' ? value : html`<em>empty</em>`;
  }
}
