import { PASSWORD_MIN_LENGTH } from "~/auth/credential-rules";
import { Field } from "~/components/form";

/** "Nuova password" and its confirmation, as the password page and the reset link ask for them. */
export function NewPasswordFields({ errors }: { errors?: { newPassword?: string; confirmation?: string } }) {
  return (
    <>
      <Field
        id="newPassword"
        label="Nuova password"
        type="password"
        autoComplete="new-password"
        required
        minLength={PASSWORD_MIN_LENGTH}
        hint={`Almeno ${PASSWORD_MIN_LENGTH} caratteri. Una frase di più parole è facile da ricordare e difficile da indovinare.`}
        error={errors?.newPassword}
      />
      <Field id="confirmation" label="Ripeti la nuova password" type="password" autoComplete="new-password" required error={errors?.confirmation} />
    </>
  );
}
