import { ROLES, ROLE_LABELS } from "~/auth/policy";
import type { FieldMessages } from "~/lib/errors";
import { SelectField } from "./form";

interface Reference {
  services: { code: string; name: string }[];
  comuni: { code: string; name: string }[];
}

/** Role, service and comune pickers for a membership (new user, add membership). */
export function MembershipFields({
  reference,
  errors,
  values,
}: {
  reference: Reference;
  errors?: FieldMessages;
  values?: Record<string, string>;
}) {
  return (
    <>
      <SelectField
        id="role"
        label="Ruolo"
        options={ROLES.map((r) => ({ value: r, label: ROLE_LABELS[r] }))}
        defaultValue={values?.role || "worker"}
        error={errors?.role}
      />
      <SelectField
        id="service"
        defaultValue={values?.service}
        label="Servizio"
        hint="Obbligatorio, tranne per l'amministratore (che opera su tutto l'Ambito)."
        options={[
          { value: "", label: "Nessuno (solo amministratore)" },
          ...reference.services.map((s) => ({ value: s.code, label: s.name })),
        ]}
        error={errors?.service}
      />
      <SelectField
        id="comune"
        defaultValue={values?.comune}
        label="Comune"
        hint="Lascia «Tutti i comuni» per chi lavora su tutto il servizio (ad esempio i coordinatori)."
        options={[
          { value: "", label: "Tutti i comuni" },
          ...reference.comuni.map((c) => ({ value: c.code, label: c.name })),
        ]}
        error={errors?.comune}
      />
    </>
  );
}

export const membershipFieldIds = { role: "role", service: "service", comune: "comune" };
