export {
  describeFieldError,
  type FieldError,
  type IncomingEnvelope,
  type IncomingEnvelopeOf,
  MAX_DATA_DEPTH,
  validateEnvelope,
  type ValidationResult,
} from './validate-envelope';
export { normaliseTimestamp, parseTimestamp, type ParsedTimestamp } from './timestamp';
export { EnvelopeDto, INPUT_FIELDS, LEDGER_FIELDS } from './envelope.dto';
export * from './data.dto';
export { type DtoClass, toDto } from './rules';
