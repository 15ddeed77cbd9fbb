// `node out/scripts/codeServer/installMain.js`: install (or find) the cached code-server and
// print its folder; useful to warm a CI cache. The test runners call ensureCodeServer() themselves.
import { ensureCodeServer } from './install';

ensureCodeServer().then(
  (install) => console.log(install.dir),
  (error: unknown) => {
    console.error(`[code-server] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
