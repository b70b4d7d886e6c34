/**
 * GPS coordinates: decimal pairs (50.4501, 30.5234), decimals with hemispheres (37.5665 N 126.9780 E, N 37.5°),
 * and degrees–minutes–seconds (51°12'30.5"N 35°16'12.0"E). Latitudes above 90 or longitudes above 180 are rejected.
 */
import { patternRecognizer } from "../recognizer";

const inRange = (lat: string | undefined, lon: string | undefined) => Math.abs(Number(lat)) <= 90 && Math.abs(Number(lon)) <= 180;

const DMS = String.raw`\d{1,3}\s*°\s*\d{1,2}\s*['′’]\s*(?:\d{1,2}(?:[.,]\d+)?\s*(?:["″”]|'')\s*)?`;

export const gpsRecognizer = patternRecognizer({
  name: "gps",
  category: "gps",
  context: ["gps", "geotag", "coordinates", "location", "lat", "координат", "좌표", "위치", "exif"],
  patterns: [
    {
      regex: /(?<![\p{N}.])(?<lat>-?\d{1,2}\.\d{3,8})\s*°?\s*[,;]\s*(?<lon>-?\d{1,3}\.\d{3,8})°?(?![\p{N}]|\.\p{N})/gu,
      score: 0.85,
      explanation: "GPS coordinates (decimal)",
      validate: (m) => inRange(m.groups?.lat, m.groups?.lon),
    },
    {
      regex: /(?<![\p{N}.])(?<lat>\d{1,2}(?:\.\d{1,8})?)\s*°?\s*[NSПС]\.?\s*,?\s*(?<lon>\d{1,3}(?:\.\d{1,8})?)\s*°?\s*[EWВЗ](?![\p{L}])/gu,
      score: 0.9,
      explanation: "GPS coordinates with hemispheres",
      validate: (m) => inRange(m.groups?.lat, m.groups?.lon) && /\./.test(m[0]),
    },
    {
      regex: /(?<![\p{L}])[NS]\s*(?<lat>\d{1,2}\.\d{2,8})\s*°?\s*,?\s*[EW]\s*(?<lon>\d{1,3}\.\d{2,8})°?/gu,
      score: 0.9,
      explanation: "GPS coordinates with hemispheres",
      validate: (m) => inRange(m.groups?.lat, m.groups?.lon),
    },
    {
      regex:
        /(?<![\p{L}])lat(?:itude)?\s*[:=]?\s*(?<lat>-?\d{1,2}\.\d{2,8})\s*[,;/]?\s*(?:lon|lng|long|longitude)\s*[:=]?\s*(?<lon>-?\d{1,3}\.\d{2,8})/giu,
      score: 0.9,
      explanation: "GPS coordinates (labelled)",
      validate: (m) => inRange(m.groups?.lat, m.groups?.lon),
    },
    {
      regex: new RegExp(`${DMS}\\s*[NSПС]\\.?\\s*,?\\s*${DMS}\\s*[EWВЗ]`, "gu"),
      score: 0.95,
      explanation: "GPS coordinates (degrees, minutes, seconds)",
    },
  ],
});
