import { TelemeterError } from '@telemeter/core';

/** `acquire()` was refused because `maxQueue` acquisitions were already waiting. */
export class SemaphoreQueueFullError extends TelemeterError {
  readonly semaphore: string;
  readonly maxQueue: number;
  constructor(semaphore: string, maxQueue: number) {
    super(
      'TELEMETER_ERR_SEMAPHORE_QUEUE_FULL',
      `Semaphore "${semaphore}": ${maxQueue} acquisitions are already waiting (maxQueue); retry later, shed the load, or raise maxQueue`,
    );
    this.semaphore = semaphore;
    this.maxQueue = maxQueue;
  }
}
