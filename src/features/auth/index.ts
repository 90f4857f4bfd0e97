export { AuthControls } from './auth-controls';
export { PersonaSwitcher } from './persona-switcher';
export { StaffSignIn } from './staff-sign-in';
export { useIdentity } from './use-identity';
export { DeleteMyData } from './delete-my-data';
