export { AuthControls } from './auth-controls';
export { PersonaSwitcher } from './persona-switcher';
export { StaffSignIn } from './staff-sign-in';
export { DeleteMyData } from './delete-my-data';
