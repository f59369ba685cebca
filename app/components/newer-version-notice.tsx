/** Says that a newer version of the form was published while the worker filled this one, which stays as it is. */
export function NewerVersionNotice({ shown, newer }: { shown: number; newer: number }) {
  return (
    <p className="notice" role="note">
      Nel frattempo è stata pubblicata la versione {newer} di questo modulo. Questa scheda resta sulla versione {shown}, quella che
      stai compilando: i dati restano come li vedi.
    </p>
  );
}
