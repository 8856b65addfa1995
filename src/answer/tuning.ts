/**
 * The answer step's thresholds, in one place so that the dev sweep
 * (`npm run eval -- --set dev --sweep`) can vary them and the chosen values
 * are read from here by every adapter.
 */
export interface Tuning {
  /** Lexical evidence alone: the share of the question's content weight found in the best sentence. */
  minEvidence: number;
  /**
   * Lexical evidence that is enough when the paragraph is also close in meaning
   * (dense cosine ≥ minDense): a paraphrase shares few words with the report.
   */
  semanticEvidence: number;
  /** Dense cosine (question vs. paragraph) that makes weaker lexical evidence enough. */
  minDense: number;
  /** Evidence from a report the question does not point at first (a county's department, not the county) counts for this share. */
  otherReport: number;
  /** Character overlap (characters.ts) that is enough in the paragraph closest in meaning, when the lexical overlap is not. */
  minChars: number;
  /** How far below the closest paragraph's cosine (of those read) a paragraph still counts as closest in meaning. */
  nearDense: number;
  /** Least match of a figure's label and the measure asked, for a figure to be compared or added across reports. */
  minLabel: number;
  /**
   * Dense cosine below which a paragraph is about something else whatever words it shares ("中秋节放几天假" against a
   * paragraph on folk festivals): no evidence, even lexically.
   */
  floorDense: number;
  /** A sentence of the shape asked (a yes/no it settles, a list of several things) answers instead of a stronger one without it, if at least this share as strong. */
  shapedShare: number;
  /** How many retrieved paragraphs are read for an answer from one report. */
  evidenceDepth: number;
  /**
   * Least match of a table's row and what is asked (the measure, for a year's column; the question's words, for a
   * column of measures) for the row's cell to answer over the best sentence, when the sentence's own figure matches
   * the measure less well (above 1: tables only as a fallback).
   */
  tableLabel: number;
  /**
   * The report's terms put in for one everyday phrase are one term (question.ts contentTerms): it weighs as the weightiest
   * of them and this share of the others' weight.
   */
  alternatives: number;
  /** Least match of each side of a sum or difference with its figure's label, where all the sides are in one paragraph. */
  sidesTogether: number;
  /**
   * A figure compared or added across reports is matched to the measure by its own clause, or by its sentence up to it
   * counted at this share ("…为街道常年法律顾问，全年审查街道合同协议58份").
   */
  sentenceLabel: number;
  /**
   * A sentence of the same report that says the opposite of the one deciding a yes or no ("未发生赴省进京集体上访" beside
   * "处置到区集体上访2批次"), with the question's rarest word and at least this share of its weight, unsettles it.
   */
  oppositeShare: number;
  /**
   * Paragraphs of the corpus that use a word of the thing counted, for that word to be the reports' own term: a report that
   * never writes it does not state the measure, however close in meaning a sentence of it is ("收养登记" against "结婚登记").
   */
  reportsWord: number;
  /**
   * Of a yes or no's sentences, the share of a sentence's weight that is its saying what is asked was done, by the pairs of
   * characters it shares with that ("有没有举行过听证": 举行听证), so that "依当事人申请举行听证5次" answers over the
   * stronger "全年办理行政处罚案件428件" of the same paragraph (0: never).
   */
  predicateShare: number;
  /**
   * The share of a question's word weight the reports never write, above which a question naming no place, year or report
   * is about something else ("今天中午食堂吃什么": 食堂 is in a report, as part of 职工食堂, the rest nowhere).
   */
  unwrittenShare: number;
}

// Chosen by `npm run eval -- --set dev --sweep`, which maximises answer_hit − 2·wrong + none_ok + cite_hit on dev
// (re-run on 36 reports / 939 questions: the w4/w5 writers' 12 reports and the w6 paraphrase probes included):
// semanticEvidence 0.1–0.3 × minDense 0.6–0.8 (0.2 × 0.6 best at 2.754; 0.25 × 0.6 2.751; 0.1–0.15 answers `none`
// questions and answers wrongly; minDense 0.7 and up refuses paraphrases again); the paraphrase path minDense 0.6/0.65 ×
// minChars 0.35–0.45 × nearDense 0.01–0.06 (0.6 × 0.4 × 0.02 at 2.754; 0.6 × 0.35 × 0.01 ties at 2.756 with more wrong
// answers, the stricter kept; nearDense 0.04 and up answers `none` questions); minEvidence 0.3–0.55 swept lexical-only,
// the Worker's case (0.3 best at 2.425); otherReport 0.6–1 (0.6 best; 1 lets a department answer for its county
// wrongly); minLabel 0.3–0.6 (0.3 best; 0.6 refuses comparisons); floorDense: dev's answered questions' evidence holds
// cosine 0.54 and up, an off-topic question's 0.37 (0.35 answers it; 0.45, 0.5 and 0.55 tie; 0.45 kept, the middle of the
// gap). A follow-up ("那成功率呢？") is exempt: an elliptic question is far in meaning from everything on its own words.
// Re-run on 66 reports / 1,532 questions (the w7–w12 writers' 30 blind reports added), objective on that dev:
// semanticEvidence 0.2 × minDense 0.6 still best (2.597; 0.25 × 0.6 2.581; minDense 0.7 and up refuses paraphrases);
// floorDense 0.4–0.5 tie at 2.597 (0.45 kept); the paraphrase path minChars 0.45 × nearDense 0.02 now best at 2.606
// (0.4 × 0.02 2.597: the same answers, two more `none` questions answered), so minChars went from 0.4 to 0.45;
// shapedShare 0.3–0.85 tie at 2.574 (1.01, never, 2.572; 0.5 kept). Tried and left out, each lowering the objective:
// refusing evidence that lacks the question's rarest word when the reports use that word (2.515–2.583 against 2.622,
// answers lost for `none` questions refused), the same for the thing counted only (2.561 against 2.584), and ranking
// numeric sentences by how well their figure's own label matches the thing asked (2.568–2.572 against 2.574).
// evidenceDepth (paragraphs read for one report's answer) 6 / 8 / 12 / 16: 2.568 / 2.568 / 2.575 / 2.575 on 76 reports /
// 1,761 questions (w13/w14 added); 12 kept, the cheaper of the two. tableLabel on 91 reports / 2,118 questions (w16/w17
// added): 0.6 / 0.7–1 / 1.01 (tables as a fallback only): 2.590 / 2.591 / 2.582; on 106 reports / 2,476 questions (w18–w20
// added, tables read by row and column): 0.6–0.8 / 0.9–1 / 1.01: 2.626 / 2.624 / 2.605; 0.8 kept. alternatives (the report's
// terms for one everyday phrase as one term) on 116 reports / 2,715 questions (w21/w22 added): 0 / 0.25 / 0.5 / 0.75 / 1:
// 2.649 / 2.650 / 2.655 / 2.653 / 2.651, each its own term as before 2.645; 0.5 kept. sidesTogether (the sides of a sum
// or difference read in one paragraph, before each anywhere at 0.6) on 121 reports / 2,831 questions (w23 added, with
// sums whose one side is not stated while a look-alike is): 0.3 / 0.4 / 0.5 / 0.6: 2.650 / 2.649 / 2.654 / 2.651; 0.5 kept.
// sentenceLabel on 146 reports / 3,424 questions (w27/w28 added): 0 (the clause alone) / 0.6 / 0.8 / 1: 2.665 / 2.667 /
// 2.668 / 2.667 (1 answers two more comparisons than 0.8, and one wrongly); 0.8 kept. oppositeShare on 176 reports / 4,130
// questions (w33/w34 added): 0.6 / 0.8 / 1.01 (never): the objective ties (one wrong "没有" becomes right at 0.6 and 0.8; 0.6
// takes the yes or no off four answers that were right, 0.8 off three); 0.8 kept. Re-run on 186 reports / 4,369
// questions (w33–w36 added): semanticEvidence × minDense 0.25 × 0.6 2.695, 0.2 × 0.6 2.693, 0.3 × 0.6 2.691, 0.15 × 0.6
// 2.654, minDense 0.65 and up 2.678 and lower (0.25 refuses 12 more `none` questions and answers 6 fewer wrongly, for 39
// answers fewer); on 206 reports / 4,808 questions (w37–w40 added) at minDense 0.6: 0.2 / 0.25 / 0.3: 2.671 / 2.669 / 2.669.
// The optimum is flat and moves by 0.002 as batches are added: 0.2 kept. The paraphrase path at 0.2 on 186 reports:
// minChars 0.45 × nearDense 0.02 still best (2.692; 0.45 × 0.01 2.689, 0.4 × 0.02 2.680); floorDense 0.4–0.5 tie at 2.692.
// reportsWord (paragraphs using a counted word the report never writes) on 231 reports / 5,428 questions (w43–w45 added):
// 1 / 3 / 5 / 10 / never: 2.679 / 2.675 / 2.679 / 2.673 / 2.653; on 246 reports / 5,785 questions (w46–w48 added): 2.676 /
// 2.675 / 2.677 / 2.673 / 2.656. 5 kept: 1 refuses a few more `none` questions and as many paraphrases. On 306 reports /
// 7,204 questions (w53–w60 added), with a compound counted as used as much as its head ("总收入" as "收入"): 1 / 3 / 5 / 10 /
// never: 2.684 / 2.683 / 2.683 / 2.688 / 2.662; 10 kept: against 5 it answers 23 more paraphrases (an everyday word some
// reports happen to use, "个体户" for 个体工商户), refuses 2 `none` questions fewer and answers one more wrongly.
// unwrittenShare on 286 reports / 6,731 questions (w53–w56 added): 0.3 / 0.5 / 0.7 / 1 (never): 2.684 / 2.682 / 2.681 / 2.681;
// 0.3 kept: it refuses the three chit-chat questions that share one word with a report (食堂) and changes no other answer.
// Tried on 906 reports / 21,020 questions and left out: reportsWord also as a share of the corpus's paragraphs (as a corpus
// grows, everyday words such as 公司 pass 10 uses; adding w173–w180 turned 15 such paraphrases into refusals): at least 10
// uses and 0 / 10 / 20 per 10,000 paragraphs gave 2.748 / 2.743 / 2.740 (the share answers `none` questions it refused).
// predicateShare on the 1,884 dev questions of 1,066 reports that ask a yes or no (有没有, 是否, 吗…; w205–w212 added):
// 0 / 0.3 / 0.5 / 0.7: 2.928 / 2.930 / 2.916 / 2.907; 0.3 kept (two wrong answers fewer and one more right than 0).
export const DEFAULT_TUNING: Tuning = { minEvidence: 0.3, semanticEvidence: 0.2, minDense: 0.6, otherReport: 0.6, minLabel: 0.3, minChars: 0.45, nearDense: 0.02, floorDense: 0.45, shapedShare: 0.5, evidenceDepth: 12, tableLabel: 0.8, alternatives: 0.5, sidesTogether: 0.5, sentenceLabel: 0.8, oppositeShare: 0.8, reportsWord: 10, unwrittenShare: 0.3, predicateShare: 0.3 };
