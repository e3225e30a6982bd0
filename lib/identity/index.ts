export * from "./types";
export * from "./config";
export { normaliseEmail } from "./email";
export { normaliseName, nameKey, splitFullName, titleCase, type SplitName } from "./names";
export { PhoneNormaliser, normalisePhone, fastPhoneCandidate, parsePhoneSlow, type PhoneValidity } from "./phone";
export { areNicknames, isKnownFirstName, nicknameVariants } from "./nicknames";
export { osaDistance, jaroWinkler } from "./string-distance";
export {
  compareFirstNames,
  compareLastNames,
  compareContacts,
  compareNames,
  compareEmails,
  comparePhones,
  spellingLevel,
  firstNamesCompatible,
  FIRST_LEVELS,
  LAST_LEVELS,
  CONTACT_LEVELS,
  EMAIL_LEVELS,
  PHONE_LEVELS,
  type EmailLevel,
  type PhoneLevel,
  type FirstNameLevel,
  type LastNameLevel,
  type ContactLevel,
  type NameFrequency,
} from "./compare";
export { termFrequencyWeight, nameFrequencyWeight, emailWeight, phoneWeight, firstNameWeight, lastNameWeight } from "./score";
export { normaliseRecord, recordAt, evidenceVersionOf, fingerprint, type NormalisedBatch } from "./normalise";
export { BatchBuilder, normaliseBatch } from "./batch-builder";
export { type BatchPart, partTransferables } from "./batch-part";
export { buildBlocks, type Blocks, type Buckets } from "./block";
export { UnionFind } from "./union-find";
export { RejectionSet, type MergeRejection, type RejectedPair, type RejectionReason } from "./rejections";
export { assignPersonKeys, personKeysFor } from "./keys";
export { buildProfiles, ProfileTable, type PersonProfile, type ContactPointSummary } from "./profiles";
export { attachDecision } from "./attach";
export { resolveIdentities, resolveBatch, mergeEvidence, profileRecords, type Assignment, type BatchResolution, type ResolveOptions, type ResolutionStats, type Stage, type MergeEvidence, type FieldEvidence } from "./resolve";
export { parseRecordLine, sourceRecordInputSchema, type ParsedLine } from "./input";
export { explain, bookingConflict, type Explanation, type FieldComparison, type ScoringContext } from "./explain";
export { resolveIncremental, type Candidate, type PersonFacts, type IncrementalInput, type IncrementalDecision, type IncrementalRejection } from "./incremental";
