"use client";

import { useState } from "react";
import { useWatch } from "react-hook-form";
import { ActionForm } from "@/app/_components/action-form";
import { CheckboxField, TextAreaField } from "@/app/_components/fields";
import { useActionForm } from "@/app/_components/use-action-form";
import { imageReviewSchema, type ImageReviewInput } from "@/lib/publication/schema";
import { reviewImageAction } from "./actions";

/**
 * An editor of the desk (not working on the interview) checks one image for publication: de-identified or not, and
 * whether it is used only because it was published before — which needs its own justification (guidance §6.4).
 */
export function ImageReviewForm({
  interviewId,
  imageId,
  caption,
  current,
}: {
  interviewId: string;
  imageId: string;
  caption: string;
  current: { deidentified: boolean; priorExposure: boolean; justification: string | null } | null;
}) {
  const defaults: ImageReviewInput = {
    interviewId,
    imageId,
    deidentified: current?.deidentified ?? false,
    priorExposure: current?.priorExposure ?? false,
    justification: current?.justification ?? "",
  };
  const [done, setDone] = useState<string | null>(null);
  const { form, onSubmit, pending, formError } = useActionForm(imageReviewSchema, reviewImageAction, {
    defaultValues: defaults,
    onSuccess: () => setDone("Check recorded."),
  });
  const { register, formState, control } = form;
  const priorExposure = useWatch({ control, name: "priorExposure" });
  return (
    <ActionForm
      label={`Check image: ${caption}`}
      onSubmit={onSubmit}
      pending={pending}
      formError={formError}
      submitLabel={current ? "Record a new check" : "Record check"}
      pendingLabel="Recording…"
      success={done}
    >
      <CheckboxField
        label="De-identified: face and distinctive marks cannot be recognised"
        registration={register("deidentified")}
        hint="Look at the picture itself: faces, tattoos, scars, uniforms, badges, backgrounds and reflections."
      />
      <CheckboxField label="Used because it was published before" registration={register("priorExposure")} />
      {priorExposure ? (
        <TextAreaField
          label="Why publishing it again adds no risk"
          rows={3}
          hint="Earlier publication (a government's video, another outlet) is not a licence: at least 30 characters."
          registration={register("justification")}
          error={formState.errors.justification}
        />
      ) : null}
    </ActionForm>
  );
}
