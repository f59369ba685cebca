/** A text field of a submitted form ("" when absent or a file). */
export function formString(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}
