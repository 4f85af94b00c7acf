/**
 * Place names for the report's map: states and provinces, towns with airports or ports, and seas,
 * around the waters sortie is used on. Hand-kept; coordinates are the places' centres (a label
 * point inside the area for a state or sea) rounded to 0.01°, public geographic facts. A map shows
 * only those inside its extent.
 */
export interface Place {
  readonly name: string;
  readonly lat: number;
  readonly lon: number;
  /** `area`: a state, province or island, lettered without a dot; `sea`: lettered in italics. */
  readonly kind: 'town' | 'area' | 'sea';
}

const town = (name: string, lat: number, lon: number): Place => ({ name, lat, lon, kind: 'town' });
const area = (name: string, lat: number, lon: number): Place => ({ name, lat, lon, kind: 'area' });
const sea = (name: string, lat: number, lon: number): Place => ({ name, lat, lon, kind: 'sea' });

export const PLACES: readonly Place[] = [
  // North-west Mexico and the US south-west: the Gulf of California.
  area('Baja California', 30.7, -115.1),
  area('Baja California Sur', 26.2, -112.6),
  area('Sonora', 29.6, -110.5),
  area('Sinaloa', 25.3, -107.6),
  area('Chihuahua', 28.6, -106.4),
  area('Durango', 24.6, -104.9),
  area('Nayarit', 21.9, -104.7),
  area('Arizona', 33.6, -111.9),
  area('California', 34.6, -117.3),
  town('La Paz', 24.14, -110.31),
  town('Guaymas', 27.92, -110.9),
  town('Hermosillo', 29.07, -110.96),
  town('Los Mochis', 25.79, -108.99),
  town('Culiacán', 24.81, -107.39),
  town('Mazatlán', 23.24, -106.41),
  town('Santa Rosalía', 27.34, -112.27),
  town('Loreto', 26.01, -111.35),
  town('Cabo San Lucas', 22.89, -109.91),
  town('Ensenada', 31.87, -116.6),
  town('Tijuana', 32.53, -117.04),
  town('Mexicali', 32.62, -115.45),
  town('San Felipe', 31.02, -114.84),
  town('Puerto Peñasco', 31.32, -113.54),
  town('Guerrero Negro', 27.96, -114.06),
  town('Ciudad Obregón', 27.49, -109.94),
  town('San Diego', 32.72, -117.16),
  town('Yuma', 32.69, -114.62),
  town('Tucson', 32.22, -110.97),
  town('Tepic', 21.5, -104.89),
  sea('Pacific Ocean', 24.2, -116.2),
  // Gulf of Mexico and the Caribbean.
  area('Tamaulipas', 24.3, -98.8),
  area('Veracruz', 19.6, -96.9),
  area('Yucatán', 20.6, -89.1),
  area('Texas', 31.0, -99.0),
  area('Florida', 28.3, -81.6),
  area('Cuba', 22.0, -79.5),
  town('Veracruz', 19.17, -96.13),
  town('Tampico', 22.25, -97.86),
  town('Mérida', 20.97, -89.62),
  town('Cancún', 21.16, -86.85),
  town('Campeche', 19.85, -90.53),
  town('Houston', 29.76, -95.37),
  town('New Orleans', 29.95, -90.07),
  town('Havana', 23.11, -82.37),
  town('Key West', 24.56, -81.78),
  town('Miami', 25.76, -80.19),
  sea('Gulf of Mexico', 25.5, -90.5),
  sea('Caribbean Sea', 15.5, -75.0),
  // The Baltic.
  area('Gotland', 57.45, 18.5),
  area('Kaliningrad Oblast', 54.8, 21.4),
  area('Estonia', 58.7, 25.5),
  area('Latvia', 56.9, 25.6),
  area('Lithuania', 55.3, 23.9),
  area('Sweden', 58.2, 15.0),
  area('Finland', 62.0, 25.5),
  area('Poland', 53.0, 19.0),
  town('Stockholm', 59.33, 18.07),
  town('Helsinki', 60.17, 24.94),
  town('Tallinn', 59.44, 24.75),
  town('Riga', 56.95, 24.11),
  town('Kaliningrad', 54.71, 20.51),
  town('Gdańsk', 54.35, 18.65),
  town('Klaipėda', 55.71, 21.14),
  town('Liepāja', 56.51, 21.01),
  town('Copenhagen', 55.68, 12.57),
  town('Rønne', 55.1, 14.7),
  town('Rostock', 54.09, 12.1),
  town('Turku', 60.45, 22.27),
  town('Saint Petersburg', 59.94, 30.31),
  sea('Baltic Sea', 56.2, 18.2),
  sea('Gulf of Finland', 59.9, 26.5),
  // The Black Sea.
  area('Crimea', 45.3, 34.4),
  town('Sevastopol', 44.62, 33.52),
  town('Odesa', 46.48, 30.72),
  town('Constanța', 44.18, 28.65),
  town('Novorossiysk', 44.72, 37.77),
  town('Istanbul', 41.01, 28.98),
  sea('Black Sea', 43.3, 33.5),
  // The Taiwan Strait.
  area('Taiwan', 23.7, 121.0),
  town('Taipei', 25.03, 121.57),
  town('Kaohsiung', 22.63, 120.3),
  town('Xiamen', 24.48, 118.09),
  town('Fuzhou', 26.07, 119.3),
  sea('Taiwan Strait', 24.3, 119.6),
];
