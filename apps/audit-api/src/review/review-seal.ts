import { type Timeline } from '@onus/domain';
import { type Notary } from '../../../notary/src/notary';
import { type ReviewSeal } from './review-data';

/**
 * The checkpoint the page's events are proven against: the latest signed one if it holds every
 * event the page shows, else one published now (as an evidence bundle would), with the key.
 */
export function sealWith(notary: Notary): (timeline: Timeline) => Promise<ReviewSeal> {
  return async (timeline) => {
    const needed = Math.max(-1, ...timeline.events.map((e) => e.position)) + 1;
    const latest = notary.latest();
    const checkpoint = latest && latest.size >= needed ? latest : await notary.publishNow();
    const key = notary.publicKey();
    return {
      size: checkpoint.size,
      rootHash: checkpoint.root.toString('hex'),
      time: new Date(checkpoint.timeMs).toISOString(),
      note: checkpoint.note,
      keyName: key.name,
      verifierKey: key.verifierKey,
    };
  };
}
