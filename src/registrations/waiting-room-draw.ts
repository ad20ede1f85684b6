import { createHash } from 'node:crypto';

/**
 * The waiting room's arithmetic (R5), pure so that anyone can replay a draw from its seed and check
 * an admission time by hand. See the README, « The waiting room ».
 */

const UNIFORM_BITS = 2 ** 48;

/**
 * A uniform integer in 0..i, from the seed alone: the first 6 bytes of SHA-256(`${seed}:${i}:${k}`)
 * read as a big-endian integer, k = 0, 1, 2… until one falls below the largest multiple of i + 1
 * under 2^48 (rejection sampling: no index is favoured), then taken modulo i + 1.
 */
export function drawIndex(seed: string, i: number): number {
  const range = i + 1;
  const limit = Math.floor(UNIFORM_BITS / range) * range;
  for (let k = 0; ; k++) {
    const value = createHash('sha256').update(`${seed}:${i}:${k}`).digest().readUIntBE(0, 6);
    if (value < limit) return value % range;
  }
}

/**
 * The draw (R5): the households present before the opening, in the order of their positions
 * (the first is position 1). Replayable: the households are sorted by id (whatever the order they
 * arrived in), then shuffled by Fisher–Yates from the last index down, swapping index i with
 * `drawIndex(seed, i)`.
 */
export function drawOrder(seed: string, householdIds: readonly number[]): number[] {
  const order = [...householdIds].sort((a, b) => a - b);
  for (let i = order.length - 1; i > 0; i--) {
    const j = drawIndex(seed, i);
    [order[i], order[j]] = [order[j], order[i]];
  }
  return order;
}

export interface AdmissionPolicy {
  /** ADMISSION_PER_MINUTE: households admitted per minute, evenly. */
  admissionPerMinute: number;
  /** ADMISSION_MINUTES: how long an admission lasts. */
  admissionMinutes: number;
}

/** Milliseconds between two admissions: 60 / ADMISSION_PER_MINUTE seconds. */
export function admissionIntervalMs(policy: AdmissionPolicy): number {
  return 60_000 / policy.admissionPerMinute;
}

/**
 * When the household at `position` is admitted: opensAt + (position − 1) · 60 / ADMISSION_PER_MINUTE
 * seconds; a household that arrived after its paced turn had passed (the queue had already moved
 * on) is admitted on arrival.
 */
export function admittedAt(opensAt: Date, position: number, joinedAt: Date, policy: AdmissionPolicy): Date {
  const paced = opensAt.getTime() + Math.round((position - 1) * admissionIntervalMs(policy));
  return new Date(Math.max(paced, joinedAt.getTime()));
}

/** The end of an admission: ADMISSION_MINUTES after it began. */
export function admissionEnds(admitted: Date, policy: AdmissionPolicy): Date {
  return new Date(admitted.getTime() + Math.round(policy.admissionMinutes * 60_000));
}

/**
 * Until when the room of an opening matters: ADMISSION_MINUTES after the paced admission of the last
 * of its `queued` households (ADMISSION_MINUTES after the opening when no one queued). Until then a
 * household that arrives queues behind; after, nothing about this opening is gated.
 */
export function roomEnds(opensAt: Date, queued: number, policy: AdmissionPolicy): Date {
  return new Date(opensAt.getTime() + Math.round(queued * admissionIntervalMs(policy) + policy.admissionMinutes * 60_000));
}

/**
 * The wait a household present before the draw can expect: until the opening, then the average
 * paced wait of a random place among the `present` households.
 */
export function expectedWaitBeforeDraw(opensAt: Date, present: number, now: Date, policy: AdmissionPolicy): number {
  const untilOpening = Math.max(0, opensAt.getTime() - now.getTime());
  return Math.ceil((untilOpening + (Math.max(1, present) - 1) / 2 * admissionIntervalMs(policy)) / 1000);
}
