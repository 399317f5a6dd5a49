// Postings: the sorted series-ref lists a label index hands out, the set operations on them,
// the head's in-memory index and matcher evaluation shared by the head and the blocks.

export { MemPostings } from './mem-postings.js';
export { type PostingsSource, postingsForMatchers } from './postings-for-matchers.js';
export { literalAlternatives } from './regex-set.js';
export {
  EMPTY_POSTINGS,
  intersect,
  intersectMany,
  isPostingsList,
  seekIndex,
  subtract,
  union,
} from './sorted-refs.js';
