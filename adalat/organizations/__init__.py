"""Organizations of the justice system (courts, prosecutors, investigators, bars, law firms,
central authorities, detention facilities...), their hierarchy and territory, courtrooms and
the remote bridge points used for online hearings."""
