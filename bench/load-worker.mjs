// Entry of the bulk loader's worker thread: Node 20 does not pass the main thread's tsx loader hooks
// on to workers, so register them here, then run the TypeScript worker (bench/load-worker.ts).
import { register } from 'tsx/esm/api';

register();
await import('./load-worker.ts');
