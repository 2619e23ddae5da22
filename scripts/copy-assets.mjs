// `npm run build`: the compiled server resolves views, locales and static files next to itself.
import { cpSync, rmSync } from 'node:fs';

for (const dir of ['views', 'locales', 'public']) {
  rmSync(`dist/${dir}`, { recursive: true, force: true });
  cpSync(dir, `dist/${dir}`, { recursive: true });
}
