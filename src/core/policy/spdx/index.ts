export { evaluateLicense, LicenseEvaluationCache, MAX_LICENSES_PER_PACKAGE, type LicenseEvaluation, type LicenseLeafVerdict } from './evaluateLicense';
export {
  MAX_LICENSE_EXPRESSION_LENGTH,
  MAX_LICENSE_NESTING,
  normalizeLicense,
  parseSpdxExpression,
  type LicenseCorrection,
  type LicenseCorrectionKind,
  type LicenseProblem,
  type LicenseProblemKind,
  type NormalizedLicense,
} from './normalizeLicense';
export { licenseTrainingIds, trainingForLicenses } from './licenseTraining';
export { serializeLicenseNode, type LicenseNode, type LicenseLeafNode, type LicenseCompoundNode } from './licenseTree';
