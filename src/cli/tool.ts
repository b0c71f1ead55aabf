// A named import, so that the bundle carries the version and not the whole manifest.
import { homepage, version } from '../../package.json';

/** The tool's identity in reports (SARIF `driver`, `--version`). */
export const TOOL = { name: 'OSPO Guide', version, informationUri: homepage } as const;
