import { describe, expect, it } from "vitest";
import { gpsRecognizer } from "@/lib/redaction/recognizers/gps";
import { matches } from "./_helpers";

const r = gpsRecognizer;

describe("GPS coordinates", () => {
  it.each([
    ["decimal pair", "EXIF of PH_104 includes 50.4501, 30.5234 and", "50.4501, 30.5234"],
    ["hemispheres after", "the geotag 37.5665 N 126.9780 E.", "37.5665 N 126.9780 E"],
    ["hemispheres before", "at N 51.73, E 36.19", "N 51.73, E 36.19"],
    ["degrees minutes seconds", "found at 51°12'30.5\"N 35°16'12.0\"E, a tree line", "51°12'30.5\"N 35°16'12.0\"E"],
  ])("finds %s", (_label, text, expected) => {
    expect(matches(r, text)).toContain(expected);
  });

  it("finds several in one text", () => {
    expect(matches(r, "GPS 51.7306, 36.1939 then 50.4501, 30.5234")).toEqual(["51.7306, 36.1939", "50.4501, 30.5234"]);
  });

  it.each([
    ["out-of-range values", "95.1234, 200.5678"],
    ["version numbers and prices", "v1.2.3, 3.50, 12.99"],
  ])("does not flag %s", (_label, text) => {
    expect(matches(r, text)).toEqual([]);
  });
});
