/** The third-party notices: a bundle of their own in the extension (dist/notices.js), loaded when exported. */
export { buildNotices, type NoticesDocument, type NoticesOptions } from './noticesDocument';
export { formatNotices, NOTICES_FORMATS, type NoticesFormat } from './noticesFormat';
