/** Types shared by several endpoints. */

/** Sent as HTTP headers, not in the body, as in the official SDK. */
export interface HeaderParams {
  'CF-RAY'?: string;
  'X-Amz-Cf-Id'?: string;
  'X-delay-time'?: number;
}

export type FinishReason = 'stop' | 'length' | 'content_filter' | 'tool_calls';

export interface TimeInfo {
  completion_time?: number | null;
  created?: number | null;
  prompt_time?: number | null;
  queue_time?: number | null;
  total_time?: number | null;
}

export interface Usage {
  completion_tokens?: number;
  completion_tokens_details?: Usage.CompletionTokensDetails | null;
  image_tokens?: number | null;
  prompt_tokens?: number;
  prompt_tokens_details?: Usage.PromptTokensDetails | null;
  total_tokens?: number;
}
export declare namespace Usage {
  export interface CompletionTokensDetails {
    accepted_prediction_tokens?: number | null;
    reasoning_tokens?: number | null;
    rejected_prediction_tokens?: number | null;
  }
  export interface PromptTokensDetails {
    cached_tokens?: number;
  }
}

export interface LogprobToken {
  token: string;
  logprob: number;
  top_logprobs: Array<LogprobToken.TopLogprob>;
  bytes?: Array<number> | null;
}
export declare namespace LogprobToken {
  export interface TopLogprob {
    token: string;
    logprob: number;
    bytes?: Array<number> | null;
  }
}

/** Log probabilities of a choice's tokens (`content`) or of its refusal. */
export interface Logprobs {
  content?: Array<LogprobToken> | null;
  refusal?: Array<LogprobToken> | null;
}
/** The official SDK's names for a token's entry. */
export declare namespace Logprobs {
  export { type LogprobToken as Content, type LogprobToken as Refusal };
}

/** One rate-limit budget, as the response's `x-ratelimit-*` headers said; a value the response
 * did not carry is `undefined`. */
export interface RateLimitBudget {
  limit: number | undefined;
  remaining: number | undefined;
  /** Seconds (fractional) from `receivedAt` until the budget is whole again. */
  reset: number | undefined;
}

/** The account's budgets as one response reported them (`x-ratelimit-*-requests-day` and
 * `x-ratelimit-*-tokens-minute`). */
export interface RateLimits {
  requestsDay: RateLimitBudget;
  tokensMinute: RateLimitBudget;
  /** When the response carrying them arrived, in ms since the epoch. */
  receivedAt: number;
}
