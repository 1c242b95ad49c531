/** Paths of the dataset samples used by tests and benchmarks (fixtures/datasets). */
import { fileURLToPath } from 'node:url';

export const DATASETS_DIR = fileURLToPath(new URL('../../../../fixtures/datasets/', import.meta.url));

export const DATASETS = {
  onlineShopping: `${DATASETS_DIR}online_shopping_10_cats/online_shopping_10_cats_sample20k.csv`,
  govMessages: `${DATASETS_DIR}gov_messages_taidi2020/messages_labeled.csv`,
  govMessagesWithReplies: `${DATASETS_DIR}gov_messages_taidi2020/messages_with_replies.csv`,
  cfpb: `${DATASETS_DIR}cfpb_consumer_complaints/complaints_sample_2015-2020.csv`,
  weibo: `${DATASETS_DIR}weibo_covid19/unlabeled_weibo_sample15k.csv`,
  waimai: `${DATASETS_DIR}waimai_10k/waimai_10k.csv`,
  nyc311: `${DATASETS_DIR}nyc_311/311_sample_2018-10-21.csv`,
} as const;
