/** The generic recognizers (no knowledge of the source), in no particular order: the engine merges their output. */
import type { Recognizer } from "../types";
import { ageRecognizer } from "./ages";
import { bareSurnameRecognizer } from "./bare-surnames";
import { codewordRecognizer } from "./codewords";
import { cyrillicNameRecognizer } from "./cyrillic-names";
import { dateRecognizer } from "./dates";
import { familyRecognizer } from "./family";
import { featureRecognizer } from "./features";
import { gpsRecognizer } from "./gps";
import { emailRecognizer } from "./emails";
import { handleRecognizer } from "./handles";
import { hangulNameRecognizer } from "./hangul-names";
import { idNumberRecognizer } from "./id-numbers";
import { latinNameRecognizer } from "./latin-names";
import { phoneRecognizer } from "./phones";
import { placeRecognizer } from "./places";
import { slavicNameRecognizer } from "./slavic-names";
import { titledNameRecognizer } from "./titled-names";
import { unitRecognizer } from "./units";

export const GENERIC_RECOGNIZERS: readonly Recognizer[] = [
  latinNameRecognizer,
  hangulNameRecognizer,
  cyrillicNameRecognizer,
  titledNameRecognizer,
  slavicNameRecognizer,
  bareSurnameRecognizer,
  placeRecognizer,
  unitRecognizer,
  dateRecognizer,
  ageRecognizer,
  phoneRecognizer,
  handleRecognizer,
  emailRecognizer,
  gpsRecognizer,
  idNumberRecognizer,
  familyRecognizer,
  featureRecognizer,
  codewordRecognizer,
];
