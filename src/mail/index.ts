// Alert e-mail: the SMTP transport (nodemailer) and message composition. Activities use it;
// workflows never import it (lint forbids nodemailer there).
export { createMailer, type Mailer, type SmtpSettings } from './transport';
export { composeAlertMail, type AlertMailInput, type MailItem, type MailPlot } from './compose';
export { alertMailFromConfig, type AlertMailSettings } from './from-config';
export {
  anomalyLine,
  composeAnomalyMail,
  type AnomalyMailInput,
  type AnomalyMailItem,
} from './compose-anomaly';
