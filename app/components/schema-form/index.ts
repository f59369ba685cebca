export { SchemaForm, fieldElementId, type SchemaFormProps } from "./schema-form";
export { createItalianValidator, withSchemaId } from "./italian-validator";
export { findValidatorModule, loadValidatorModule, registerValidatorModule, type ValidateFns } from "./validator-modules";
export { validatorModuleUrl } from "./validator-script";
