// Strings of the month calendar (the week calendar's are under `calendar` in i18n/fr.ts).
export const calendarMonthFr = {
  navigation: 'Changer de mois',
  previousMonth: 'Mois précédent',
  nextMonth: 'Mois suivant',
  thisMonth: 'Ce mois-ci',
  view: 'Affichage',
  views: { month: 'Mois', list: 'Liste' },
  today: 'aujourd’hui',
};

export const calendarMonthEn: typeof calendarMonthFr = {
  navigation: 'Change month',
  previousMonth: 'Previous month',
  nextMonth: 'Next month',
  thisMonth: 'This month',
  view: 'View',
  views: { month: 'Month', list: 'List' },
  today: 'today',
};
