import packageJson from '../../package.json';

/** The tool's identity in reports (SARIF `driver`, `--version`). */
export const TOOL = { name: 'OSPO Guide', version: packageJson.version } as const;
