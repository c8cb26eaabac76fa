/** `client.chat`. */
import type { Cerebras } from '../../client.js';
import { Completions } from './completions.js';

export class Chat {
  readonly completions: Completions;
  constructor(client: Cerebras) {
    this.completions = new Completions(client);
  }
}
