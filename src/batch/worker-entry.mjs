// Worker thread entry: registers tsx in this thread, then runs the TypeScript worker. (On Node 20, a
// .ts worker given `execArgv: ['--import', 'tsx']` can start before the loader is in place.)
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
