/** Types shared by the category classifier, its keyword rules and its callers. */
import type { SegmenterKind } from './tokenize.js';

export interface LabelScore {
  label: string;
  confidence: number;
}

export interface Prediction {
  /** Best category, or null when neither model nor rules have anything to say. */
  label: string | null;
  /** 0..1; softmax probability for the model, a capped heuristic for rules. */
  confidence: number;
  /** Other categories, best first (excluding `label`). */
  alternatives: LabelScore[];
  /** Where the suggestion came from. */
  source: 'model' | 'rules' | 'none';
}

/** Cold-start rules: category → keywords (any language, matched case-insensitively). */
export type KeywordRules = Record<string, readonly string[]>;

export interface LabelledExample {
  text: string;
  label: string;
}

/**
 * 'svm': one-vs-rest linear SVM (hinge loss, averaged SGD, class-balanced);
 * 'logistic': multinomial logistic regression trained by SGD (class-balanced);
 * 'complement' / 'multinomial': naive Bayes. All share the tf-idf features.
 */
export type NbVariant = 'svm' | 'logistic' | 'complement' | 'multinomial';

export interface ClassifierOptions {
  variant?: NbVariant;
  /** Additive smoothing (naive Bayes). */
  alpha?: number;
  /** Add log class priors to scores (multinomial only; hurts macro-F1 on skewed data). */
  usePriors?: boolean;
  /** Below this many training examples (or fewer than 2 labels) predict with rules. */
  minExamples?: number;
  /** Softmax temperature for confidences; fitted by `train` unless given. */
  temperature?: number;
  segmenter?: SegmenterKind;
  customWords?: readonly string[];
  rules?: KeywordRules;
  /** Number of alternatives returned by predict. Default 3. */
  topK?: number;
  /** SVM/logistic: training epochs and initial learning rate (defaults depend on the variant). */
  epochs?: number;
  learningRate?: number;
  /** SVM/logistic: SGD steps applied by one `learn()` call (default 3). */
  learnSteps?: number;
  /** Seed for the SGD example order. */
  seed?: number;
  /** Features are hashed into 2^hashBits buckets. Default 18. */
  hashBits?: number;
  /**
   * `train` ignores features seen in fewer training documents (only when training on
   * 1,000 documents or more). Default 3.
   */
  minDf?: number;
  /** Word-bigram features (`v:`). Default false (no gain measured on online_shopping, +50 % size). */
  wordBigrams?: boolean;
  /** CJK character trigram features (`t:`). Default false. */
  cjkTrigrams?: boolean;
}
