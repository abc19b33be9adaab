// The §4.4 decision table as data (rows-*.ts), and the words every level reports what it saw in (vocabulary.ts).
export { WEB_TOKEN } from "./builders.js";
export {
  beforeOf,
  DECISION_TABLE,
  expectationAt,
  expectedOutcome,
  hopsLike,
  outcomeOfHops,
  sortItems,
  titleAt,
  withoutUndefined,
} from "./outcome.js";
export { type SymbolTable, symbolTable } from "./symbols.js";
export type {
  CallShape,
  Creds,
  Expected,
  FixtureName,
  HopShape,
  Item,
  Outcome,
  Row,
  Signer,
} from "./vocabulary.js";
