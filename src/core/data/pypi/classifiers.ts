/**
 * Trove license classifiers (https://pypi.org/classifiers/) that name exactly one SPDX license.
 * Classifiers that several licenses share (`BSD License`, `Apache Software License`, `GNU General
 * Public License (GPL)`, `Zope Public License` …) are deliberately absent: they stay as their text.
 * PEP 639, "Appendix: Mapping License Classifiers to SPDX Identifiers", says tools MUST NOT infer
 * an expression from these (`Apache Software License` names no version: 1.0, 1.1 and 2.0 all
 * exist). Checked against every `License ::` classifier of trove-classifiers 2023.4.18 (Debian
 * bookworm): the ones missing here are such families (`Academic Free License (AFL)`, `Artistic
 * License`, `Eiffel Forum License`, `Netscape Public License (NPL)` …) or have no SPDX id.
 * Keys are lower case with single spaces (see `classifierKey`).
 */
export const CLASSIFIER_TO_SPDX: ReadonlyMap<string, string> = new Map([
  ['License :: Aladdin Free Public License (AFPL)', 'Aladdin'],
  ['License :: CC0 1.0 Universal (CC0 1.0) Public Domain Dedication', 'CC0-1.0'],
  ['License :: CeCILL-B Free Software License Agreement (CECILL-B)', 'CECILL-B'],
  ['License :: CeCILL-C Free Software License Agreement (CECILL-C)', 'CECILL-C'],
  ['License :: Nokia Open Source License (NOKOS)', 'Nokia'],
  ['License :: OSI Approved :: Attribution Assurance License', 'AAL'],
  ['License :: OSI Approved :: Blue Oak Model License (BlueOak-1.0.0)', 'BlueOak-1.0.0'],
  ['License :: OSI Approved :: Boost Software License 1.0 (BSL-1.0)', 'BSL-1.0'],
  ['License :: OSI Approved :: CEA CNRS Inria Logiciel Libre License, version 2.1 (CeCILL-2.1)', 'CECILL-2.1'],
  ['License :: OSI Approved :: CMU License (MIT-CMU)', 'MIT-CMU'],
  ['License :: OSI Approved :: Common Development and Distribution License 1.0 (CDDL-1.0)', 'CDDL-1.0'],
  ['License :: OSI Approved :: Common Public License', 'CPL-1.0'],
  ['License :: OSI Approved :: Eclipse Public License 1.0 (EPL-1.0)', 'EPL-1.0'],
  ['License :: OSI Approved :: Eclipse Public License 2.0 (EPL-2.0)', 'EPL-2.0'],
  ['License :: OSI Approved :: Educational Community License, Version 2.0 (ECL-2.0)', 'ECL-2.0'],
  ['License :: OSI Approved :: European Union Public Licence 1.0 (EUPL 1.0)', 'EUPL-1.0'],
  ['License :: OSI Approved :: European Union Public Licence 1.1 (EUPL 1.1)', 'EUPL-1.1'],
  ['License :: OSI Approved :: European Union Public Licence 1.2 (EUPL 1.2)', 'EUPL-1.2'],
  ['License :: OSI Approved :: GNU Affero General Public License v3', 'AGPL-3.0-only'],
  ['License :: OSI Approved :: GNU Affero General Public License v3 or later (AGPLv3+)', 'AGPL-3.0-or-later'],
  ['License :: OSI Approved :: GNU General Public License v2 (GPLv2)', 'GPL-2.0-only'],
  ['License :: OSI Approved :: GNU General Public License v2 or later (GPLv2+)', 'GPL-2.0-or-later'],
  ['License :: OSI Approved :: GNU General Public License v3 (GPLv3)', 'GPL-3.0-only'],
  ['License :: OSI Approved :: GNU General Public License v3 or later (GPLv3+)', 'GPL-3.0-or-later'],
  ['License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)', 'LGPL-2.0-only'],
  ['License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)', 'LGPL-2.0-or-later'],
  ['License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)', 'LGPL-3.0-only'],
  ['License :: OSI Approved :: GNU Lesser General Public License v3 or later (LGPLv3+)', 'LGPL-3.0-or-later'],
  ['License :: OSI Approved :: Historical Permission Notice and Disclaimer (HPND)', 'HPND'],
  ['License :: OSI Approved :: IBM Public License', 'IPL-1.0'],
  ['License :: OSI Approved :: ISC License (ISCL)', 'ISC'],
  ['License :: OSI Approved :: Intel Open Source License', 'Intel'],
  ['License :: OSI Approved :: MIT License', 'MIT'],
  ['License :: OSI Approved :: MIT No Attribution License (MIT-0)', 'MIT-0'],
  ['License :: OSI Approved :: MirOS License (MirOS)', 'MirOS'],
  ['License :: OSI Approved :: Motosoto License', 'Motosoto'],
  ['License :: OSI Approved :: Mozilla Public License 1.0 (MPL)', 'MPL-1.0'],
  ['License :: OSI Approved :: Mozilla Public License 1.1 (MPL 1.1)', 'MPL-1.1'],
  ['License :: OSI Approved :: Mozilla Public License 2.0 (MPL 2.0)', 'MPL-2.0'],
  ['License :: OSI Approved :: Mulan Permissive Software License v2 (MulanPSL-2.0)', 'MulanPSL-2.0'],
  ['License :: OSI Approved :: Nethack General Public License', 'NGPL'],
  ['License :: OSI Approved :: Nokia Open Source License', 'Nokia'],
  ['License :: OSI Approved :: Open Group Test Suite License', 'OGTSL'],
  ['License :: OSI Approved :: Open Software License 3.0 (OSL-3.0)', 'OSL-3.0'],
  ['License :: OSI Approved :: PostgreSQL License', 'PostgreSQL'],
  ['License :: OSI Approved :: Python License (CNRI Python License)', 'CNRI-Python'],
  ['License :: OSI Approved :: Python Software Foundation License', 'PSF-2.0'],
  ['License :: OSI Approved :: Qt Public License (QPL)', 'QPL-1.0'],
  ['License :: OSI Approved :: Ricoh Source Code Public License', 'RSCPL'],
  ['License :: OSI Approved :: SIL Open Font License 1.1 (OFL-1.1)', 'OFL-1.1'],
  ['License :: OSI Approved :: Sleepycat License', 'Sleepycat'],
  ['License :: OSI Approved :: Sun Industry Standards Source License (SISSL)', 'SISSL'],
  ['License :: OSI Approved :: Sun Public License', 'SPL-1.0'],
  ['License :: OSI Approved :: The Unlicense (Unlicense)', 'Unlicense'],
  ['License :: OSI Approved :: Universal Permissive License (UPL)', 'UPL-1.0'],
  ['License :: OSI Approved :: University of Illinois/NCSA Open Source License', 'NCSA'],
  ['License :: OSI Approved :: Vovida Software License 1.0', 'VSL-1.0'],
  ['License :: OSI Approved :: W3C License', 'W3C'],
  ['License :: OSI Approved :: X.Net License', 'Xnet'],
  ['License :: OSI Approved :: zlib/libpng License', 'Zlib'],
].map(([classifier, id]) => [classifierKey(classifier), id] as const));

/**
 * PEP 639, "Appendix: Mapping License Classifiers to SPDX Identifiers": classifiers from which
 * "Tools MUST NOT attempt to automatically infer a License-Expression" (no version or variant, or
 * no "only"/"or later"; LGPLv2 may mean 2.0 or 2.1). Some have an entry above all the same (the
 * reading this project has always given them); they are never used to overrule a `License` field.
 */
const PEP_639_AMBIGUOUS: ReadonlySet<string> = new Set(
  [
    'License :: OSI Approved :: Academic Free License (AFL)',
    'License :: OSI Approved :: Apache Software License',
    'License :: OSI Approved :: Apple Public Source License',
    'License :: OSI Approved :: Artistic License',
    'License :: OSI Approved :: BSD License',
    'License :: OSI Approved :: GNU Affero General Public License v3',
    'License :: OSI Approved :: GNU Free Documentation License (FDL)',
    'License :: OSI Approved :: GNU General Public License (GPL)',
    'License :: OSI Approved :: GNU General Public License v2 (GPLv2)',
    'License :: OSI Approved :: GNU General Public License v3 (GPLv3)',
    'License :: OSI Approved :: GNU Lesser General Public License v2 (LGPLv2)',
    'License :: OSI Approved :: GNU Lesser General Public License v2 or later (LGPLv2+)',
    'License :: OSI Approved :: GNU Lesser General Public License v3 (LGPLv3)',
    'License :: OSI Approved :: GNU Library or Lesser General Public License (LGPL)',
  ].map(classifierKey),
);

/** Classifiers that say something about a license without naming one. */
const NOT_A_LICENSE: ReadonlySet<string> = new Set(['License :: OSI Approved', 'License :: DFSG approved'].map(classifierKey));

export interface ClassifierLicense {
  /** SPDX ids where the classifier names one license, else the classifier's last part (`BSD License`). */
  readonly values: readonly string[];
  /** Every license classifier mapped to an SPDX id. */
  readonly allMapped: boolean;
}

/** The licenses the trove classifiers of a distribution name; undefined when none does. */
export function licenseFromClassifiers(classifiers: readonly string[]): ClassifierLicense | undefined {
  const values: string[] = [];
  let allMapped = true;
  for (const classifier of classifiers) {
    const key = classifierKey(classifier);
    if (!key.startsWith('license ::') || NOT_A_LICENSE.has(key)) {
      continue;
    }
    const id = CLASSIFIER_TO_SPDX.get(key);
    if (id === undefined) {
      allMapped = false;
    }
    const value = id ?? lastPart(classifier);
    if (value !== '' && !values.includes(value)) {
      values.push(value);
    }
  }
  return values.length > 0 ? { values, allMapped } : undefined;
}

/**
 * Whether the license classifiers (at least one) each name one SPDX license by PEP 639's own
 * appendix: mapped here and not on its list of ambiguous ones.
 */
export function classifiersNameOneLicense(classifiers: readonly string[]): boolean {
  let any = false;
  for (const classifier of classifiers) {
    const key = classifierKey(classifier);
    if (!key.startsWith('license ::') || NOT_A_LICENSE.has(key)) {
      continue;
    }
    if (!CLASSIFIER_TO_SPDX.has(key) || PEP_639_AMBIGUOUS.has(key)) {
      return false;
    }
    any = true;
  }
  return any;
}

/** The SPDX id of one classifier, if it names exactly one license. */
export function classifierToSpdx(classifier: string): string | undefined {
  return CLASSIFIER_TO_SPDX.get(classifierKey(classifier));
}

function classifierKey(classifier: string): string {
  return classifier
    .split('::')
    .map((part) => part.trim().replace(/\s+/g, ' '))
    .join(' :: ')
    .toLowerCase();
}

function lastPart(classifier: string): string {
  const parts = classifier.split('::');
  return parts[parts.length - 1].trim().replace(/\s+/g, ' ');
}
