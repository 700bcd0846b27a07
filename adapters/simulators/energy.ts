/** Energy in Wh of `power` W held for `ms` ms: the one conversion the battery and the supplies' meters share. */
export function energyWh(power: number, ms: number): number {
  return (power * ms) / 3_600_000;
}
